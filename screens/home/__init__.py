"""The home screen: the store's sessions listed, searched and filtered, and what opens from them."""

from screens.home.screen import HomeScreen

__all__ = ["HomeScreen"]
