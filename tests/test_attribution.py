from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_attributed():
    attribution = (ROOT / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    shipped = [p for p in (ROOT / "data").rglob("*") if p.is_file() and p.name != "ATTRIBUTION.md"]
    missing = [str(p.relative_to(ROOT)) for p in shipped if f"`{p.relative_to(ROOT / 'data').as_posix()}`" not in attribution]
    assert not missing, f"add these to data/ATTRIBUTION.md with source and licence: {missing}"


def test_the_project_has_a_licence():
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
