"""Path converters of the web URLs."""

from django.urls import register_converter


class BoundedIntConverter:
    """``<num:…>``: a non-negative integer of at most 18 digits.

    Django's ``<int:…>`` accepts any number of digits, and a number beyond the database's integer range
    overflows in the driver (500). Eighteen digits always fit a ``bigint``; a longer number matches no
    route and is answered with 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register_converters() -> None:
    register_converter(BoundedIntConverter, "num")
