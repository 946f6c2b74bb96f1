"""What each role may do with the catalogue (collected by ``core.roles``): the performance team
keeps it, with the deputies and population figures; owners and reporters read it."""

from core.roles import OWNER, PERFORMANCE_TEAM, REPORTER

MODELS = ("area", "indicator", "benchmark", "target", "monthlyvalue", "population", "deputy")
KEPT_BY_THE_PERFORMANCE_TEAM = (*MODELS, "arearule")
READ = [f"indicators.view_{model}" for model in MODELS]

GRANTS = {
    PERFORMANCE_TEAM: [
        *(
            f"indicators.{action}_{model}"
            for model in KEPT_BY_THE_PERFORMANCE_TEAM
            for action in ("add", "change", "delete", "view")
        ),
        "indicators.import_dataset",
    ],
    OWNER: READ,
    REPORTER: READ,
}
