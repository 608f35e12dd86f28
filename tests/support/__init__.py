"""Test helpers shared by the suites (LibreOffice harness, ...)."""
