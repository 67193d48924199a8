"""sitegen: turn raw text of printed Chinese newspaper issues into a static digital edition."""

__version__ = "0.1.0"
