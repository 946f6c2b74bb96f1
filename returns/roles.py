"""What each role may do in the monthly return (collected by ``core.roles``): each role its
part of the workflow; the performance team accepts, runs the periods and reads the reminders."""

from core.roles import OWNER, PERFORMANCE_TEAM, REPORTER

READ = ["returns.view_returnevent"]

GRANTS = {
    PERFORMANCE_TEAM: [
        *READ,
        "returns.accept_values",
        "returns.manage_periods",
        "returns.view_sentreminder",
    ],
    OWNER: [*READ, "returns.submit_values"],
    REPORTER: [*READ, "returns.enter_values"],
}
