import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def test_vendored_assets_reference_only_files_that_ship():
    """The production storage (compressed manifest) fails collectstatic, and so `make serve`, when a
    vendored file points at a source map that is not in the repository."""
    missing = []
    for directory in settings.STATICFILES_DIRS:
        for path in Path(directory).rglob("*.[jc]s*"):
            for name in SOURCE_MAP.findall(path.read_text(errors="replace")):
                if not (path.parent / name).exists():
                    missing.append(f"{path.name} → {name}")
    assert missing == []
