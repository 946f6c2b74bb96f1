from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed storage that also rewrites JS module imports.

    ``static/js/init-govuk.js`` imports GOV.UK Frontend by a relative path, which must
    follow the hashed file name after ``collectstatic``.
    """

    support_js_module_import_aggregation = True
