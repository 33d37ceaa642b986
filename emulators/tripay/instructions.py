"""Payment instructions per kind of channel, in Indonesian, as Tripay returns them.

Like Tripay's, the steps are short Indonesian sentences with the pay code and amount put
in and marked up with `<b>` tags, so a client has to decide how to show HTML it is given.
"""

from __future__ import annotations

from emulators.tripay.channels import JSON, Channel


def rupiah(amount: int) -> str:
    """Format whole rupiah the Indonesian way: Rp 150.750."""
    return f"Rp {amount:,}".replace(",", ".")


def _section(title: str, *steps: str) -> JSON:
    return {"title": title, "steps": list(steps)}


def _virtual_account(channel: Channel, code: str, total: str) -> list[JSON]:
    bank = channel.name.removesuffix(" Virtual Account")
    done = "Pembayaran berhasil; simpan bukti transaksi Anda"
    return [
        _section(
            "Mobile Banking",
            f"Buka aplikasi mobile banking {bank} lalu masuk ke akun Anda",
            "Pilih menu <b>Transfer</b> lalu <b>Virtual Account</b>",
            f"Masukkan nomor Virtual Account <b>{code}</b>",
            f"Periksa nama merchant dan jumlah tagihan <b>{total}</b>",
            "Konfirmasi dengan PIN Anda",
            done,
        ),
        _section(
            "Internet Banking",
            f"Masuk ke internet banking {bank}",
            "Pilih <b>Pembayaran</b> lalu <b>Virtual Account</b>",
            f"Isi nomor Virtual Account <b>{code}</b> lalu lanjutkan",
            f"Pastikan jumlah yang ditagih <b>{total}</b>, lalu setujui dengan token Anda",
            done,
        ),
        _section(
            f"ATM {bank}",
            "Masukkan kartu ATM dan PIN Anda",
            "Pilih <b>Menu Lain</b> lalu <b>Pembayaran</b> dan <b>Virtual Account</b>",
            f"Ketik nomor Virtual Account <b>{code}</b> lalu tekan <b>Benar</b>",
            f"Periksa jumlah <b>{total}</b> dan tekan <b>Ya</b> untuk membayar",
            done,
        ),
    ]


def _shop(channel: Channel, code: str, total: str) -> list[JSON]:
    return [
        _section(
            f"Bayar di {channel.name}",
            f"Kunjungi gerai {channel.name} terdekat",
            "Sampaikan kepada kasir bahwa Anda ingin membayar tagihan <b>TriPay</b>",
            f"Sebutkan kode pembayaran <b>{code}</b>",
            f"Bayar sejumlah <b>{total}</b> (tunai atau non-tunai)",
            "Simpan struk sebagai bukti pembayaran yang sah",
        )
    ]


def _qris(total: str) -> list[JSON]:
    return [
        _section(
            "Bayar dengan QRIS",
            "Buka aplikasi bank atau dompet digital apa pun yang mendukung QRIS",
            "Pindai kode QR yang ditampilkan",
            f"Pastikan nama merchant dan jumlah <b>{total}</b> sudah benar",
            "Konfirmasi pembayaran dengan PIN Anda",
            "Pembayaran berhasil; simpan bukti transaksi Anda",
        )
    ]


def _ewallet(channel: Channel, total: str) -> list[JSON]:
    return [
        _section(
            f"Bayar dengan {channel.name}",
            f"Tekan tombol bayar; Anda diarahkan ke halaman {channel.name}",
            f"Masuk ke akun {channel.name} Anda",
            f"Periksa jumlah <b>{total}</b> lalu konfirmasi",
            f"Masukkan PIN {channel.name} Anda",
            "Pembayaran berhasil; Anda dikembalikan ke halaman merchant",
        )
    ]


def instructions(channel: Channel, pay_code: str | None, total_amount: int) -> list[JSON]:
    """Return the steps for paying `total_amount` on `channel`, pay code filled in."""
    total = rupiah(total_amount)
    if channel.kind == "va" and pay_code is not None:
        return _virtual_account(channel, pay_code, total)
    if channel.kind == "retail" and pay_code is not None:
        return _shop(channel, pay_code, total)
    if channel.kind == "qris":
        return _qris(total)
    return _ewallet(channel, total)
