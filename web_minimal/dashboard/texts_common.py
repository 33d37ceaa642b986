"""Texts every dashboard page shares: navigation, footer, sign-in help, Mini App, errors."""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "nav.label": {"id": "Menu utama", "en": "Main menu"},
        "nav.overview": {"id": "Ringkasan", "en": "Overview"},
        "nav.strategies": {"id": "Strategi", "en": "Strategies"},
        "nav.keys": {"id": "Kunci API", "en": "Keys"},
        "nav.billing": {"id": "Langganan", "en": "Billing"},
        "nav.skip": {"id": "Lompat ke isi", "en": "Skip to content"},
        "footer.signout": {"id": "Keluar", "en": "Sign out"},
        "footer.note": {
            "id": "Semua tindakan juga bisa dilakukan lewat percakapan Telegram.",
            "en": "Everything here can also be done in the Telegram chat.",
        },
        "live.toasts": {"id": "Pemberitahuan", "en": "Notifications"},
        "signin.title": {"id": "Masuk ke dasbor", "en": "Sign in to the dashboard"},
        "signin.how": {
            "id": "Buka dasbor dari Telegram: ketuk tombol “📊 Dasbor” di percakapan NoFOMO, "
            "atau kirim /dashboard untuk menerima tautan sekali pakai.",
            "en": "Open the dashboard from Telegram: tap the “📊 Dashboard” button in the "
            "NoFOMO chat, or send /dashboard to get a one-time link.",
        },
        "signin.link_note": {
            "id": "Tautan berlaku 10 menit dan hanya bisa dipakai sekali.",
            "en": "A link works for 10 minutes and only once.",
        },
        "signin.why.dashboard_link_used": {
            "id": "Tautan ini sudah dipakai. Minta tautan baru dengan /dashboard.",
            "en": "This link was already used. Ask for a new one with /dashboard.",
        },
        "signin.why.dashboard_link_invalid": {
            "id": "Tautan ini tidak sah atau sudah kedaluwarsa.",
            "en": "This link is not valid or has expired.",
        },
        "signin.why.expired": {
            "id": "Sesi Anda berakhir. Silakan masuk lagi.",
            "en": "Your session has ended. Please sign in again.",
        },
        "signin.why.signed_out": {
            "id": "Anda sudah keluar dari dasbor di peramban ini.",
            "en": "You have signed out of the dashboard in this browser.",
        },
        "signin.why.dashboard_miniapp_refused": {
            "id": "Telegram tidak mengonfirmasi pembukaan ini. Tutup lalu buka lagi dasbor "
            "dari percakapan.",
            "en": "Telegram did not confirm this launch. Close the dashboard and open it "
            "again from the chat.",
        },
        "signin.why.dashboard_no_account": {
            "id": "Kami belum mengenal akun Telegram ini. Kirim /start ke bot NoFOMO dulu.",
            "en": "We do not know this Telegram account yet. Send /start to the NoFOMO bot first.",
        },
        "app.title": {"id": "Membuka dasbor…", "en": "Opening the dashboard…"},
        "app.wait": {
            "id": "Sebentar, Telegram sedang mengonfirmasi siapa Anda.",
            "en": "One moment, Telegram is confirming who you are.",
        },
        "app.no_script": {
            "id": "Dasbor memerlukan skrip yang aktif di dalam Telegram.",
            "en": "The dashboard needs JavaScript inside Telegram.",
        },
        "error.404.title": {"id": "Halaman tidak ditemukan", "en": "Page not found"},
        "error.404.body": {
            "id": "Halaman atau bot ini tidak ada, atau bukan milik Anda.",
            "en": "This page or bot does not exist, or it is not yours.",
        },
        "error.500.title": {"id": "Terjadi kesalahan", "en": "Something went wrong"},
        "error.500.body": {
            "id": "Maaf, kami gagal menampilkan halaman ini. Coba lagi sebentar lagi.",
            "en": "Sorry, we could not show this page. Please try again in a moment.",
        },
        "error.home": {"id": "Kembali ke ringkasan", "en": "Back to the overview"},
    }
)
