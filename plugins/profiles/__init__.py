"""Built-in organisation profiles: `school`, `hospital`, `enterprise` (docs/plugins.md)."""

from __future__ import annotations

from importlib import resources


def template(name: str) -> str:
    """The commented plan template `templates/<name>.yaml` shipped with the profiles."""
    return resources.files(__name__).joinpath("templates", f"{name}.yaml").read_text("utf-8")
