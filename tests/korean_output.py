"""What a Korean learner sees, for tests/test_korean_output.py: each chapter run end to end in Korean (the
solution's code, the Korean cells), and the English words left in what it prints.

A word is English prose when it is a run of Latin letters that is none of these: part of an identifier or a
value (inside quotes or backticks, or a token with a digit, `_`, `-`, `.`, `/`, `:`, `@`, `=`), a CamelCase
name (AWS fields and API calls), an acronym in capitals, or one of ALLOWED below: AWS's and the lab's names,
and values the code itself uses. The list is short on purpose; a word of prose does not belong in it."""

from __future__ import annotations

import html
import os
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from tests.korean_text import ROOT

LANGUAGE_COMMENT = re.compile(r"^(?P<indent>\s*)# (?P<lang>en|ko):(?: (?P<rest>.*)|\s*)$")

ALLOWED = {
    # AWS's names: services, products, and the words of service names as AWS writes them.
    "AWS", "Amazon", "Simple", "Storage", "Service", "Elastic", "Compute", "Cloud", "Virtual", "Private", "Key",
    "Management", "Relational", "Database", "Container", "Registry", "Route", "Config", "CloudTrail", "CloudWatch",
    "Budget", "Budgets", "Cost", "Explorer", "Monthly", "My", "Zero", "Spend", "Session", "Manager", "Systems",
    "Instance", "Connect", "Certificate", "Security", "Hub", "Lambda", "Transfer", "Data", "Services", "Other",
    "Tax", "Support", "Business", "Developer", "Guard", "Duty", "Inspector", "Secrets", "Access", "Analyzer",
    "Kinesis", "Firehose", "Athena", "Glue", "Shield", "Linux", "Windows",
    # IAM's and AWS's own words the Korean text keeps in English (the style rules), and values AWS returns.
    "Statement", "Effect", "Principal", "Action", "Resource", "Condition", "Allow", "Deny", "Active", "Inactive",
    "Status", "Username", "forward", "redirect", "host", "optional", "required",
    "Logs", "boto", "botocore", "pandas", "pyotp", "requests", "nbformat", "Prowler", "Trust",
    # Detection rules: the Sigma rule format, and Panther, whose labelled events chapter 10 scores rules against.
    "Sigma", "Panther",
    "Root", "Lab", "Community", "App", "Inc", "Seoul", "Hong", "Sungjin", "Kim", "Minho",
    # The company's IAM users and the lab's identities, as they appear in tables and records.
    "sungjin", "jiyoung", "minho", "colleague", "admin", "admins", "developers", "deployers", "testing", "root", "moto",
    # Values AWS returns and the code compares: protocols, states, record fields in lower case.
    "tcp", "udp", "icmp", "ssm", "ssmmessages", "ec2messages", "iam", "vpc", "true", "false", "null", "enabled",
    "disabled", "dtype", "object", "count", "days", "ns", "UTC", "GMT", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
    "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "NaN", "NaT", "None",
    "True", "False", "nan", "inf", "Name", "Length", "Columns", "Index", "Empty", "DataFrame", "Timestamp",
    "IAMUser", "resources",
    # Programs and packages, and the `labs` command's own subcommands, its --lang values and boto3's service names
    # it lists.
    "labs", "notebooks", "progress", "chapters", "server", "check", "localstack", "doctor", "start", "stop",
    "status", "lab", "fetch", "ko", "Docker", "Python", "JupyterLab", "jupyterlab", "nbval", "account", "budgets",
    "ce", "cloudtrail", "elbv2", "acm", "kms", "logs", "sts", "rds", "guardduty", "securityhub",
    # Names the notebooks' own tables use as keys (the code selects rows and columns by them).
    "exposure", "cost", "user", "arn", "actor", "sshd", "pw", "contacts",
}


def solved_korean(path: Path) -> nbformat.NotebookNode:
    """The solution notebook as a Korean learner who finished it has it: ko and shared cells, Korean comments."""
    notebook = nbformat.read(path, as_version=4)
    cells = []
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "en" in tags:
            continue
        if cell.cell_type == "code":
            lines = []
            for line in cell.source.split("\n"):
                match = LANGUAGE_COMMENT.match(line)
                if not match:
                    lines.append(line)
                elif match["lang"] == "ko":
                    lines.append(f"{match['indent']}# {match['rest'] or ''}".rstrip())
            cell.source = "\n".join(lines)
        cells.append(cell)
    notebook.cells = cells
    return notebook


def run(notebook: nbformat.NotebookNode, environment: dict | None = None) -> nbformat.NotebookNode:
    import nbclient
    from jupyter_client import KernelManager

    from tests.run_all import CURRENT_ENV, CurrentEnvKernelSpecs

    home = tempfile.mkdtemp(prefix="labs-korean-output-")
    client = nbclient.NotebookClient(
        notebook, km=KernelManager(kernel_name=CURRENT_ENV, kernel_spec_manager=CurrentEnvKernelSpecs()),
        timeout=300, resources={"metadata": {"path": str(ROOT / "solutions")}},
    )
    client.execute(cleanup_kc=True, env={**os.environ, "LABS_HOME": home, "MPLBACKEND": "Agg", "LABS_EXPECT": "done",
                        **(environment or {})})
    return notebook


class _Html(HTMLParser):
    """The text of HTML as the learner reads it, less what is data or a name: a table's headers (column and
    index names, which the code uses) and the cells of a table whose header is not Korean (AWS's records, a
    DataFrame the notebook's code built). A table the lab made for Korean learners has Korean headers, and
    its cells are read."""

    def __init__(self):
        super().__init__()
        self.parts, self.headers, self.column, self.row_headers = [], [], 0, 0
        self.in_style = self.in_th = self.in_td = self.in_thead = False
        self.cell = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "pre"):  # a <pre> is code (a reference fix): names, not prose
            self.in_style = True
        elif tag == "table":
            self.headers = []
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.column = 0
        elif tag in ("th", "td"):
            self.cell = []
            self.in_th, self.in_td = tag == "th", tag == "td"

    def handle_endtag(self, tag):
        if tag in ("style", "pre"):
            self.in_style = False
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("th", "td"):
            text = " ".join(self.cell)
            if self.in_thead:
                self.headers.append(text)
            elif tag == "td":
                header = self.headers[self.column] if self.column < len(self.headers) else ""
                if re.search(r"[\uac00-\ud7a3]", header):
                    self.parts.append(text)
            self.column += 1
            self.in_th = self.in_td = False

    def handle_data(self, data):
        if self.in_style:
            return
        if self.in_th or self.in_td:
            self.cell.append(data)
        else:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Html()
    parser.feed(markup)
    return html.unescape(" ".join(parser.parts))


def mermaid_labels(markdown: str) -> str:
    """The labels a Mermaid diagram shows (node and edge texts), without its syntax and node ids."""
    return " ".join(re.findall(r'"([^"]*)"', markdown))


def shown_text(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell id, text) of what each code cell shows: streams (less the source line a warning echoes), the HTML
    JupyterLab renders (as text, see _Html), a diagram's labels, and plain text where there is nothing richer."""
    shown = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source_lines = {line.strip() for line in cell.source.split("\n") if line.strip()}
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                lines = [line for line in output.text.split("\n") if line.strip() not in source_lines]
                shown.append((cell.id, "\n".join(lines)))
            elif output.output_type == "error":
                shown.append((cell.id, f"{output.ename}: {output.evalue}"))
            else:
                data = output.get("data", {})
                if "text/html" in data:
                    shown.append((cell.id, html_text(data["text/html"])))
                elif "text/markdown" in data:
                    shown.append((cell.id, mermaid_labels(data["text/markdown"])))
                elif "text/plain" in data:
                    shown.append((cell.id, _without_pandas_names(data["text/plain"])))
    return shown


def _without_pandas_names(text: str) -> str:
    """A pandas Series as text, less its names: the index name alone on a line, and `Name: ..., dtype: ...`."""
    lines = text.split("\n")
    return "\n".join(line for line in lines if not re.fullmatch(r"[A-Za-z_]\w*", line.strip())
                     and not re.match(r"(Freq|Name|dtype): ", line.strip()))


# English in brackets right after Korean: the style rules' "한국어(English)" at a first mention.
_GLOSS = re.compile(r"(?<=[\uac00-\ud7a3])\([A-Za-z][A-Za-z ,.'-]*\)")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_IDENTIFIER = re.compile(r"[\w.:/@=<>{}\[\]$%#+*-]*[\d_.:/@=<>{}\[\]$%#+*-][\w.:/@=<>{}\[\]$%#+*-]*")
_CAMEL = re.compile(r"^[A-Za-z]*[a-z][A-Z][A-Za-z]*$")


def english_words(text: str) -> list[str]:
    """The English words of prose in `text` (see the module's docstring). A Korean particle or word glued to a
    name (`lab.check()와`) is cut off first, so the name is judged on its own."""
    text = _QUOTED.sub(" ", _GLOSS.sub(" ", text))
    text = re.sub(r"[\uac00-\ud7a3]+", " ", text)
    words = []
    for token in text.split():
        # a sentence's closing bracket and full stop are punctuation, not part of the name before them
        token = token.strip("()[]{},;!?\"'“”‘’·…").rstrip(".").strip("()[]{},;!?\"'“”‘’·…")
        if not token or _IDENTIFIER.fullmatch(token) and re.search(r"[\d_.:/@=<>{}\[\]$%#+*-]", token):
            continue
        for word in re.findall(r"[A-Za-z]+", token):
            if len(word) < 2 or word.isupper() or _CAMEL.match(word) or word in ALLOWED:
                continue
            if re.search(r"[A-Za-z]", token) and re.search(r"[\d_]", token):
                continue
            words.append(word)
    return words
