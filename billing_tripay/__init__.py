"""The billing domain: plans, prices, Tripay signatures, references, channels, statuses."""
