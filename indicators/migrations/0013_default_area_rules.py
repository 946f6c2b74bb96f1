"""The team's usual area rules (``AreaRule``: the letters a ref starts with -> area), so that
an import of a file with no Area column and no section titles puts new indicators where the
team's own file does, not all in "Unassigned"; the performance team edits them afterwards.

Each rule names its area as the team's 2016 file (the demo's sample) writes it in its Area
column, so a file without that column lands in the areas the demo uses: ``M`` MASH, ``CP``
CP, ``LAC`` LAC, and ``EH`` CiN (where EH1-EH2 and EH5 sit; EH3-EH4, the assessments, are
"Assts" there, which no prefix can tell apart). A database that already names an area in
words ("Child Protection") has the rule point at it instead. A prefix the team already has a
rule for keeps its rule. Reversing removes the rules that still point where these put them.
"""

from django.db import migrations

# prefix: the area's names, the first created where none of them exists yet
DEFAULT_RULES = {
    "M": ("MASH",),
    "EH": ("CiN", "Children in Need", "Early Help"),
    "CP": ("CP", "Child Protection"),
    "LAC": ("LAC", "Looked after Children"),
}
# A new area's place: the domain's order (MASH, Early Help, CiN, Assessments, CP, LAC...),
# with room between for the areas the team adds; a file's new areas come after (from 100).
POSITIONS = {"M": 10, "EH": 30, "CP": 50, "LAC": 60}


def _area(Area, names: tuple[str, ...], position: int):
    """The existing area of the first of ``names`` (case aside, as imports match areas),
    else a new one under the first name."""
    for name in names:
        if area := Area.objects.filter(name__iexact=name).first():
            return area
    return Area.objects.create(name=names[0], position=position)


def create_rules(apps, schema_editor):
    Area = apps.get_model("indicators", "Area")
    AreaRule = apps.get_model("indicators", "AreaRule")
    for prefix, names in DEFAULT_RULES.items():
        if not AreaRule.objects.filter(prefix__iexact=prefix).exists():
            AreaRule.objects.create(prefix=prefix, area=_area(Area, names, POSITIONS[prefix]))


def delete_rules(apps, schema_editor):
    AreaRule = apps.get_model("indicators", "AreaRule")
    for prefix, names in DEFAULT_RULES.items():
        rule = AreaRule.objects.filter(prefix=prefix).select_related("area").first()
        if rule and rule.area.name.lower() in {name.lower() for name in names}:
            rule.delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0012_clear_derived_figures")]

    operations = [migrations.RunPython(create_rules, delete_rules)]
