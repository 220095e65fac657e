"""Korean labels in Mermaid diagrams wrap between words, never inside one.

JupyterLab draws a Mermaid diagram as an image, so the page's CSS cannot reach its labels; a label wider
than its box (200 px) wraps, and a browser breaks Hangul between any two syllables unless told
`word-break: keep-all` (measured in headless Chromium: "암호|화 설정", "서비스 전|체", "하|드웨어" in chapter
01). The diagram's own CSS (its init directive's themeCSS) carries it: diagrams.KEEP_WORDS. The CSS
selects by class, as the image is an XML document where element names keep their case.
"""

import json
import re
from pathlib import Path

import pytest

from labs import diagrams
from labs.lab import open_account

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "notebooks").rglob("*.ipynb"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def mermaid_blocks(path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            for block in re.findall(r"^```mermaid\n(.*?)^```", text, flags=re.S | re.M):
                yield cell.get("id"), block


def test_the_directive_is_one_mermaid_init_line_with_class_selectors():
    assert diagrams.KEEP_WORDS.startswith("%%{init: ") and diagrams.KEEP_WORDS.endswith("}%%")
    settings = json.loads(diagrams.KEEP_WORDS[len("%%{init: "):-len("}%%")])
    assert settings == {"themeCSS": ".nodeLabel, .edgeLabel { word-break: keep-all; }"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_diagram_with_korean_labels_keeps_words_whole(path):
    missing = [cell_id for cell_id, block in mermaid_blocks(path)
               if HANGUL.search(block) and block.splitlines()[0] != diagrams.KEEP_WORDS]
    assert missing == [], f"start these Mermaid blocks with diagrams.KEEP_WORDS: {missing}"


def test_the_notebooks_have_korean_diagrams_to_check():
    assert sum(1 for path in NOTEBOOKS for _, block in mermaid_blocks(path) if HANGUL.search(block)) >= 4


def test_the_architecture_diagram_keeps_words_whole(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    assert diagrams.mermaid(open_account("00")).splitlines()[0] == diagrams.KEEP_WORDS
