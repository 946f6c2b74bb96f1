"""Breadcrumbs: the way back from a page to the pages above it, from Home.

A view names the pages above it as (label, URL name) pairs in ``breadcrumbs``; the base
layout draws them (``core/_breadcrumbs.html``). Labels are the menu's names for the pages.
"""

from django.urls import reverse


def trail(*pages: tuple[str, str]) -> list[tuple[str, str]]:
    """Home, then each (label, URL name or URL) of ``pages``, as (label, URL) pairs."""
    return [
        (label, target if target.startswith("/") else reverse(target))
        for label, target in (("Home", "home"), *pages)
    ]


class BreadcrumbsMixin:
    """For a class-based view: the pages above it, as ``trail`` takes them."""

    breadcrumbs: tuple[tuple[str, str], ...] = ()

    def get_breadcrumbs(self) -> tuple[tuple[str, str], ...]:
        return self.breadcrumbs

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=trail(*self.get_breadcrumbs()), **kwargs)
