"""The pieces the product stands on are installed the way it needs them."""

import importlib


def test_trafilatura_has_lxml_html_clean_with_lxml_6():
    # lxml 6 split html cleaning out; trafilatura imports it lazily and fails mid-crawl without it.
    module = importlib.import_module("lxml_html_clean")
    assert hasattr(module, "Cleaner")
    import trafilatura

    text = trafilatura.extract("<html><body><article><p>" + "Real words here. " * 30 + "</p></article></body></html>")
    assert text and "Real words here." in text


def test_scrapy_is_a_version_with_async_start_and_spiderless_pipelines():
    import scrapy

    major, minor = (int(x) for x in scrapy.__version__.split(".")[:2])
    assert (major, minor) >= (2, 13)
