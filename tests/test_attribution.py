from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_attributed():
    attribution = (ROOT / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    shipped = [p for p in (ROOT / "data").rglob("*") if p.is_file() and p.name != "ATTRIBUTION.md"]
    missing = [str(p.relative_to(ROOT)) for p in shipped if f"`{p.relative_to(ROOT / 'data').as_posix()}`" not in attribution]
    assert not missing, f"add these to data/ATTRIBUTION.md with source and licence: {missing}"


def test_the_project_has_a_licence():
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_the_shipped_logs_hold_key_ids_but_no_secret():
    """An access key ID authenticates nothing without its secret: data/ may keep the IDs its authors
    published (data/ATTRIBUTION.md says so), never a secret access key or a real session token."""
    import re

    field = re.compile(r'"(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|aws_secret_access_key)"\s*:\s*"([^"]*)"')
    secret_shape = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")  # a secret access key
    placeholders = {"", "1111", "REDACTED", "SampleSessionToken"}
    found = []
    for path in (ROOT / "data").rglob("*"):
        if not path.is_file() or path.suffix not in (".json", ".csv", ".log", ".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {value[:12]}..." for value in field.findall(text) if value not in placeholders]
        found += [f"{path.relative_to(ROOT)}: secret_access_key={value[:6]}..."
                  for value in re.findall(r"(?i)aws_secret_access_key\s*[=:]\s*\"?([^\s\"]+)", text)
                  if secret_shape.fullmatch(value) and "EXAMPLE" not in value]
    assert not found, found
    assert field.findall('"sessionToken": "IQoJb3JpZ2luX2VjEXAMPLEtoken"') == ["IQoJb3JpZ2luX2VjEXAMPLEtoken"]
