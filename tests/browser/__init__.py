"""Browser tests of the dApp (Playwright + Debian Chromium); fixtures in conftest.py."""
