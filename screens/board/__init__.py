"""The あるもの/ないもの board: F4 from the meeting screen, or a template step (panel "board").

``BoardView`` is the whole board — the わがまちビジョン line, the quick-add field and the three
columns あるもの | あるものでないものをやりくりする | ないもの — and works the same inside
``BoardScreen`` (a full screen over the meeting; F4 or Esc goes back) and inside the "board" step
panel. Rules live in ``facilitator.board``; this package calls them and renders the result. Card
text is user text: it reaches widgets only as rich Text (``literal``), never as markup.

Columns are ``RowList``s (virtualised, wrapped rows), so a board of hundreds of cards stays fast:
a change rebuilds only the columns it touched, and rows are cached by what they show.

Modules: ``column`` (BoardColumn), ``layout`` (BoardLayout: widgets and rendering), ``view``
(BoardView: what the keys change), ``screen`` (BoardScreen), ``keys`` (its F1 help); the pick
dialogs it opens are screens/pick.py's; its stylesheet is board.tcss here.
"""

from screens.board.column import BoardColumn
from screens.board.screen import BoardScreen
from screens.board.view import BoardView
from screens.pick import LinkScreen, PickScreen  # the dialogs the board opens, where tests look for them

__all__ = ["BoardColumn", "BoardScreen", "BoardView", "LinkScreen", "PickScreen"]
