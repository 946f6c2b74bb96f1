"""``returns.services`` is split by what each write does; the package itself holds nothing."""

import returns.services as package

MODULES = {"workflow", "periods", "reminders"}


def test_the_package_re_exports_nothing():
    """Issue 27: no shim - a caller imports the module that does the work."""
    bound = {name for name in vars(package) if not name.startswith("__")}
    assert bound <= MODULES
