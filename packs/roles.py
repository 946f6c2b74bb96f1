"""What each role may do with packs (collected by ``core.roles``): the performance team builds,
publishes, writes the narrative and keeps the recommendations; every role reads the published
packs and the scrutiny panel's recommendations (the records analyst through the role it is
given beside)."""

from core.roles import JOB_ROLES, PERFORMANCE_TEAM

READ = [
    "packs.view_published_pack",
    "packs.view_recommendation",
    "packs.view_recommendationupdate",
]

GRANTS = {role: READ for role in JOB_ROLES} | {
    PERFORMANCE_TEAM: [
        *READ,
        "packs.view_pack",
        "packs.build_pack",
        "packs.publish_pack",
        "packs.view_packevent",
        "packs.view_narrative",
        "packs.add_narrative",
        "packs.change_narrative",
        "packs.add_recommendation",
        "packs.change_recommendation",
        "packs.add_recommendationupdate",
    ],
}
