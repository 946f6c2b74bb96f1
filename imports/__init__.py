"""The import machinery every import shares: reading a file safely into rows, matching its
header, planning and previewing, confirming all or nothing, and the pages and command that
drive it. It builds on ``core`` alone and knows no domain app: each app plugs its own
importer in (``imports.plans.Importer``)."""
