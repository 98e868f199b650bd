"""Ship the holiday data files inside the wheel (pyproject.toml holds everything else).

The files live at `calendars/holidays/cn/` in the repository, where they are reviewed
like code; a checkout and an editable install read them there. A built wheel has no
repository around it, so `build_py` copies them into the package as
`plugins/calendars/holidays/cn/`, where `plugins.calendars.china_data` looks next.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HOLIDAYS = Path(__file__).resolve().parent / "calendars" / "holidays" / "cn"


class BuildPyWithHolidays(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's files
        target = Path(self.build_lib) / "plugins" / "calendars" / "holidays" / "cn"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(HOLIDAYS.glob("*.yaml")):
            shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithHolidays})
