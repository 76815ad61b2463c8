"""F1: every key of the meeting screen, in Japanese, readable from the back of the room."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("会議の進行", [
        ("PageDown / PageUp", "次のステップ / 前のステップ（プレゼン用リモコンでも）"),
        ("F5", "投影モード（大きな文字・高コントラスト・問いやメモを隠す）"),
        ("F4", "あるもの/ないものボード"),
        ("F2", "問い（ファシリテーター用のヒント）を表示 / 隠す"),
        ("F6", "タイマーの停止 / 再開"),
        ("Ctrl+R または u（一覧で）", "削除を元に戻す"),
        ("Ctrl+P", "コマンド一覧"),
        ("Ctrl+Q", "保存して終了"),
    ]),
    ("情報・意見交換（アイデアの一覧で）", [
        ("Enter（入力欄で）", "アイデアを追加"),
        ("Tab", "入力欄 → 発言者 → 課題 → 一覧 と移動"),
        ("1 / 2 / 3", "自分たちでできる / 行政への要望 / 未分類"),
        ("+ / -", "関心のしるしを足す / 減らす"),
        ("e または Enter", "編集（発言者・課題・担当課も）"),
        ("Del または d", "削除（Ctrl+R で元に戻す）"),
        ("i", "入力欄へ戻る"),
    ]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "閉じる")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            for title, rows in KEYS:
                table = Table(title=title, show_header=False, expand=True, title_justify="left")
                table.add_column("キー", style="bold", no_wrap=True)
                table.add_column("はたらき")
                for key, what in rows:
                    table.add_row(Text(key), Text(what))
                yield Static(table)
            yield Static(Text("Esc で閉じる"), classes="help-close")
