"""Plans a year of activities on OR-Tools CP-SAT and publishes it as calendars."""

__version__ = "0.1.0"
