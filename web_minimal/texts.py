"""The key form's texts, in Bahasa Indonesia and English.

Texts are plain; the renderer escapes them. `{placeholders}` are filled by `text()`.
"""

from __future__ import annotations

from kernel.i18n import Catalogue, Language

EXCHANGE_NAMES = {"binance": "Binance", "bybit": "Bybit"}

TEXTS: dict[str, dict[Language, str]] = {
    "form.title": {
        "en": "Connect your exchange",
        "id": "Hubungkan exchange Anda",
    },
    "form.intro": {
        "en": "Paste an API key so your NoFOMO bots can trade for you.",
        "id": "Tempel API key agar bot NoFOMO dapat trading untuk Anda.",
    },
    "form.exchange": {"en": "Exchange", "id": "Exchange"},
    "form.api_key": {"en": "API key", "id": "API key"},
    "form.secret": {"en": "Secret key", "id": "Secret key"},
    "form.label": {"en": "Name", "id": "Nama"},
    "form.optional": {"en": "(optional)", "id": "(opsional)"},
    "form.label_placeholder": {"en": "e.g. Main account", "id": "mis. Akun utama"},
    "form.submit": {"en": "Check and save key", "id": "Periksa dan simpan key"},
    "form.tip_permissions": {
        "en": "Allow only Reading and Spot trading. Keys that can withdraw are refused.",
        "id": "Aktifkan hanya Reading dan Spot trading. Key yang bisa menarik dana ditolak.",
    },
    "form.tip_ip": {
        "en": "For extra safety, restrict the key to trusted IP addresses.",
        "id": "Agar lebih aman, batasi key ke alamat IP tepercaya.",
    },
    "form.tip_storage": {
        "en": "Your key is encrypted as soon as it arrives and is never shown again.",
        "id": "Key Anda langsung dienkripsi saat diterima dan tidak akan ditampilkan lagi.",
    },
    "form.expiry": {
        "en": "This link works once and expires in {minutes} min.",
        "id": "Tautan ini hanya sekali pakai dan kedaluwarsa dalam {minutes} menit.",
    },
    "success.title": {"en": "Key saved", "id": "Key tersimpan"},
    "success.body": {
        "en": "Your {exchange_name} key {key_hint} is encrypted and saved.",
        "id": "Key {exchange_name} {key_hint} Anda sudah dienkripsi dan disimpan.",
    },
    "success.next": {
        "en": "We sent a confirmation in Telegram. You can close this page.",
        "id": "Konfirmasi sudah dikirim di Telegram. Anda boleh menutup halaman ini.",
    },
    "keyform.no_ip_restriction": {
        "en": "This key works from any IP address. Restricting it to trusted IPs in "
        "{exchange_name}'s API settings makes a leaked key much less useful.",
        "id": "Key ini bisa dipakai dari alamat IP mana pun. Batasi ke IP tepercaya di "
        "pengaturan API {exchange_name} agar key yang bocor tidak bisa disalahgunakan.",
    },
    "refused.title": {"en": "Key refused", "id": "Key ditolak"},
    "keyform.withdraw_enabled": {
        "en": "This {exchange_name} key can withdraw funds. NoFOMO never accepts such keys, "
        "and nothing was saved.",
        "id": "Key {exchange_name} ini bisa menarik dana. NoFOMO tidak pernah "
        "menerima key seperti ini, dan tidak ada yang disimpan.",
    },
    "refused.fix_title": {"en": "How to fix it", "id": "Cara memperbaikinya"},
    "refused.fix.binance": {
        "en": "Open Binance → Account → API Management.|Click Edit restrictions on this key."
        "|Untick “Enable Withdrawals” and save.|Come back here and submit the key again.",
        "id": "Buka Binance → Akun → Manajemen API.|Klik Edit restrictions pada key ini."
        "|Hapus centang “Enable Withdrawals” lalu simpan.|Kembali ke sini dan kirim ulang key.",
    },
    "refused.fix.bybit": {
        "en": "Open Bybit → Account → API.|Click Edit on this key.|Under Assets, untick "
        "“Withdrawal” and save.|Come back here and submit the key again.",
        "id": "Buka Bybit → Akun → API.|Klik Edit pada key ini.|Di bagian Assets, hapus "
        "centang “Withdrawal” lalu simpan.|Kembali ke sini dan kirim ulang key.",
    },
    "refused.retry": {"en": "Try again", "id": "Coba lagi"},
    "keyform.cannot_trade": {
        "en": "This {exchange_name} key cannot trade. Enable Spot trading for it and try again.",
        "id": "Key {exchange_name} ini tidak bisa trading. Aktifkan Spot trading lalu coba lagi.",
    },
    "keyform.api_key_format": {
        "en": "That does not look like a {exchange_name} API key. Copy it again: "
        "letters and digits only.",
        "id": "Itu bukan format API key {exchange_name}. Salin ulang: hanya huruf dan angka.",
    },
    "keyform.secret_format": {
        "en": "That does not look like a {exchange_name} secret key. Copy it again: "
        "letters and digits only.",
        "id": "Itu bukan format secret key {exchange_name}. Salin ulang: hanya huruf dan angka.",
    },
    "keyform.label_invalid": {
        "en": "The name can have at most {limit} characters, on one line.",
        "id": "Nama maksimal {limit} karakter, dalam satu baris.",
    },
    "keyform.exchange_unknown": {
        "en": "Choose Binance or Bybit.",
        "id": "Pilih Binance atau Bybit.",
    },
    "keyform.key_rejected": {
        "en": "{exchange_name} did not accept this key. Check that you copied both parts and "
        "that the key's IP restriction allows NoFOMO.",
        "id": "{exchange_name} tidak menerima key ini. Pastikan kedua bagian tersalin benar dan "
        "pembatasan IP key mengizinkan NoFOMO.",
    },
    "keyform.exchange_unreachable": {
        "en": "{exchange_name} did not answer. Nothing was saved; please try again in a minute.",
        "id": "{exchange_name} tidak merespons. Tidak ada yang disimpan; coba lagi sebentar lagi.",
    },
    "keyform.busy": {
        "en": "This key is still being checked. Wait a moment, then try again.",
        "id": "Key ini masih diperiksa. Tunggu sebentar, lalu coba lagi.",
    },
    "link.title": {"en": "Link not usable", "id": "Tautan tidak bisa dipakai"},
    "link.next": {
        "en": "Go back to the NoFOMO bot in Telegram and ask for a new link.",
        "id": "Kembali ke bot NoFOMO di Telegram dan minta tautan baru.",
    },
    "keyform.link_invalid": {
        "en": "This link is not valid.",
        "id": "Tautan ini tidak valid.",
    },
    "keyform.link_expired": {
        "en": "This link has expired (links last 15 minutes).",
        "id": "Tautan ini sudah kedaluwarsa (berlaku 15 menit).",
    },
    "keyform.link_used": {
        "en": "This link was already used to save a key.",
        "id": "Tautan ini sudah dipakai untuk menyimpan key.",
    },
    "keyform.link_replaced": {
        "en": "A newer link was created, so this one no longer works.",
        "id": "Tautan yang lebih baru sudah dibuat, jadi tautan ini tidak berlaku lagi.",
    },
    "keyform.too_many_attempts": {
        "en": "Too many attempts with this link.",
        "id": "Terlalu banyak percobaan dengan tautan ini.",
    },
    "keyform.csrf": {
        "en": "This form has expired or was not sent from this page. Open the link again.",
        "id": "Formulir ini tidak berlaku atau tidak dikirim dari halaman ini. "
        "Buka lagi tautannya.",
    },
    "error.title": {"en": "Something went wrong", "id": "Terjadi kesalahan"},
    "error.generic": {
        "en": "Sorry, something went wrong on our side. Please try again in a minute.",
        "id": "Maaf, terjadi kesalahan di sistem kami. Silakan coba lagi sebentar lagi.",
    },
}

CATALOGUE = Catalogue.by_key(TEXTS)


def text(key: str, language: str, **params: object) -> str:
    """Return the text for a key in a language, filled in; a generic apology for unknown keys."""
    exchange = str(params.get("exchange", ""))
    values = {"exchange_name": EXCHANGE_NAMES.get(exchange, exchange), **params}
    return CATALOGUE.text(key if key in CATALOGUE else "error.generic", language, **values)
