"""Exchange keys: the vault, stored keys, their permissions and the one-time key-form links."""
