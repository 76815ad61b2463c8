"""kyogitai core: the session model, templates, meeting rules, store, exports and CLI.

This package never imports textual; the UI lives in ``screens``.
"""

__version__ = "0.1.0"
