"""The data set of bench/reports.py: a fund of 12 regions and 40 agencies, 22 categories in
3 audiences, 200,000 customers, and complaints over the last two years with their steps
(tickets.TicketEvent), their step SMS (tickets.OutboxMessage) and survey answers, all
inserted with INSERT ... SELECT FROM generate_series.

Complaints are opened evenly over 730 days, on the 7 channels, in the 22 categories (5 of
them handled at headquarters), by customers of every agency. Those of the last 45 days are
mostly still open (new, triaged, assigned, in progress, waiting, referred) or resolved;
older ones closed (93 %), cancelled (2 %), still open (1 %, the old backlog) or resolved.
A resolution takes from hours to months (median about 11 days), the first response from
half an hour to two days; the answer is due 15 days after opening, escalation levels fire
after 12, 15 and 25 days, a complaint resolved late is counted as breached. Outcomes:
accepted 50 %, partly 15 %, rejected 25 %, no action 10 %. 6 % of the resolved ones were
reopened once.

Steps (about 7 a complaint), written in time order as the services would (the upkeep
finds the changed complaints through a block range index on their time): opened, triage,
assign, start, a reply for half of them, waiting or referral, an escalation, resolve (and
reopen then resolve again), close or cancel. Step SMS (about 2.3 a complaint): received,
a progress notice for 40 %, resolved; sent, 90 % delivered. Survey answers: 20 % of the
closed complaints, a day after closing.
"""

from __future__ import annotations

REGIONS, AGENCIES, FRONT_AGENTS = 12, 40, 4
DIRECTIONS, BACK_AGENTS = 3, 4
AUDIENCES = (("employer", 7), ("insured", 10), ("pensioner", 5))
CATEGORIES = sum(count for _audience, count in AUDIENCES)  # 22
HQ_CATEGORIES = 5
CUSTOMERS = 200_000
SPAN_DAYS = 730
RECENT_DAYS = 45


def organisation() -> dict[str, object]:
    """Regions, agencies, directions, queues, agents, categories and the people measured
    (an administrator, the manager of region 0, the supervisor of agency 0), with the
    mapping tables the bulk inserts read (bench_queue, bench_agent, bench_category)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
    from tickets.models import Category

    User = get_user_model()
    regions = Region.objects.bulk_create(
        Region(code=f"DR{r:02d}", name_fr=f"Région {r}", name_ar=f"جهة {r}")
        for r in range(REGIONS))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"AG{a:02d}", name_fr=f"Agence {a}", name_ar=f"وكالة {a}",
               region=regions[a % REGIONS]) for a in range(AGENCIES))
    directions = Direction.objects.bulk_create(
        Direction(code=f"DIR{d}", name_fr=f"Direction {d}", name_ar=f"مديرية {d}",
                  kind=Direction.Kind.BACK_OFFICE) for d in range(DIRECTIONS))
    queues = Queue.objects.bulk_create(
        [Queue(code=f"Q-{a.code}", name_fr=f"Accueil {a.code}", name_ar="استقبال", agency=a)
         for a in agencies]
        + [Queue(code=f"Q-{d.code}", name_fr=f"File {d.code}", name_ar="طابور", direction=d)
           for d in directions])
    staff: list[tuple[str, int, int, Agent]] = []  # (username, queue k, j, agent)
    for k, queue in enumerate(queues):
        hq = queue.direction_id is not None
        for j in range(BACK_AGENTS if hq else FRONT_AGENTS):
            staff.append((f"q{k}a{j}", k, j, Agent(
                role=Agent.Role.BACK_OFFICE if hq else Agent.Role.FRONT_OFFICE,
                agency=None if hq else queue.agency, direction=queue.direction)))
    users = User.objects.bulk_create(
        User(username=name, first_name="Agent", last_name=name, password="!")
        for name, *_ in staff)
    for user, (*_, agent) in zip(users, staff, strict=True):
        agent.user = user
    agents = Agent.objects.bulk_create(agent for *_, agent in staff)
    Agent.queues.through.objects.bulk_create(
        Agent.queues.through(agent=agent, queue=queues[k])
        for agent, (_name, k, _j, _agent) in zip(agents, staff, strict=True))

    def person(username: str, role: str, **where: object) -> Agent:
        user = User.objects.create(username=username, first_name=username, password="!")
        return Agent.objects.create(user=user, role=role, **where)

    people: dict[str, object] = {
        "admin": person("admin", Agent.Role.ADMINISTRATOR),
        "regional": person("regional", Agent.Role.REGIONAL_MANAGER, region=regions[0]),
        "supervisor": person("supervisor", Agent.Role.SUPERVISOR, agency=agencies[0]),
    }
    audiences = [audience for audience, count in AUDIENCES for _ in range(count)]
    categories = Category.objects.bulk_create(
        Category(code=f"cat{c:02d}", audience=audiences[c], label_fr=f"Motif {c}",
                 label_ar=f"سبب {c}",
                 default_queue=queues[AGENCIES + c % DIRECTIONS] if c < HQ_CATEGORIES
                 else None) for c in range(CATEGORIES))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_queue (k int PRIMARY KEY, queue_id bigint, "
                       "agency_id bigint, agents int)")
        cursor.executemany("INSERT INTO bench_queue VALUES (%s, %s, %s, %s)", [
            (k, q.pk, q.agency_id, BACK_AGENTS if q.direction_id else FRONT_AGENTS)
            for k, q in enumerate(queues)])
        cursor.execute("CREATE TABLE bench_agent (queue_k int, j int, agent_id bigint, "
                       "PRIMARY KEY (queue_k, j))")
        cursor.executemany("INSERT INTO bench_agent VALUES (%s, %s, %s)", [
            (k, j, agent.pk) for agent, (_name, k, j, _agent) in zip(agents, staff,
                                                                       strict=True)])
        cursor.execute("CREATE TABLE bench_category (k int PRIMARY KEY, category_id bigint, "
                       "hq_queue_k int)")
        cursor.executemany("INSERT INTO bench_category VALUES (%s, %s, %s)", [
            (c, category.pk, AGENCIES + c % DIRECTIONS if c < HQ_CATEGORIES else None)
            for c, category in enumerate(categories)])
    return people


def customers() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO customers_customer (kind, roles, first_name, last_name, company_name,
                immatriculation, preferred_language, to_identify, name_search, created_at,
                updated_at, agency_id)
            SELECT 'person', '{insured}', 'Client', 'Numéro ' || g, '', (400000000 + g)::text,
                   CASE WHEN g %% 3 = 0 THEN 'ar' ELSE 'fr' END, false, 'client numero ' || g,
                   now(), now(), q.agency_id
            FROM generate_series(0, %s::int) AS g JOIN bench_queue q ON q.k = g %% %s::int
        """, [CUSTOMERS - 1, AGENCIES])
        cursor.execute("""
            CREATE TABLE bench_customer AS
            SELECT (row_number() OVER (ORDER BY c.id) - 1)::int AS k, c.id AS customer_id,
                   q.k AS agency_k
            FROM customers_customer c JOIN bench_queue q ON q.agency_id = c.agency_id""")
        cursor.execute("ALTER TABLE bench_customer ADD PRIMARY KEY (k)")


def complaints(size: int, *, report: object = print) -> None:
    """Insert `size` complaints, then their steps, SMS and survey answers."""
    import time

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.16)")
        for label, sql, params in (
                ("complaints", _COMPLAINTS, {"size": size, "customers": CUSTOMERS,
                                             "categories": CATEGORIES, "span": SPAN_DAYS,
                                             "recent": RECENT_DAYS}),
                ("steps", _EVENTS, {}), ("step SMS", _SMS, {}), ("survey answers", _SURVEY, {})):
            started = time.perf_counter()
            cursor.execute(sql, params)
            report(f"  {label}: {cursor.rowcount:,} rows, "  # type: ignore[operator]
                   f"{time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        for table in ("tickets_ticket", "tickets_ticketevent", "tickets_outboxmessage",
                      "tickets_surveyanswer"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        report(f"  vacuum analyze: {time.perf_counter() - started:.0f} s")  # type: ignore[operator]


_COMPLAINTS = """
INSERT INTO tickets_ticket (reference, customer_id, category_id, channel, priority, state,
    agency_id, queue_id, assignee_id, assigned_at, description, waiting_for, referred_to_id,
    outcome, explanation, rule, first_responded_at, resolved_at, closed_at, created_at,
    updated_at, version, sla_breached, sla_elapsed, sla_level, sla_period, sla_running_since,
    resolution_due, next_escalation_at, first_response_due)
SELECT '8' || lpad(r.g::text, 9, '0'), c.customer_id,
       CASE WHEN s.state = 'new' THEN NULL ELSE cat.category_id END,
       CASE WHEN r.rc < 0.35 THEN 'phone' WHEN r.rc < 0.60 THEN 'counter'
            WHEN r.rc < 0.75 THEN 'web' WHEN r.rc < 0.85 THEN 'sms'
            WHEN r.rc < 0.93 THEN 'chat' WHEN r.rc < 0.97 THEN 'email' ELSE 'letter' END,
       CASE WHEN r.rp < 0.8 THEN 'normal' WHEN r.rp < 0.9 THEN 'low'
            WHEN r.rp < 0.98 THEN 'high' ELSE 'urgent' END,
       s.state, home.agency_id,
       CASE WHEN s.state = 'new' THEN NULL ELSE q.queue_id END,
       CASE WHEN s.state IN ('new', 'triaged') THEN NULL ELSE a.agent_id END,
       CASE WHEN s.state IN ('new', 'triaged') THEN NULL ELSE r.created + interval '1 hour' END,
       'Réclamation ' || r.g, CASE WHEN s.state = 'waiting' THEN 'Copie de la CIN' ELSE '' END,
       CASE WHEN s.state = 'referred' THEN (SELECT min(id) FROM org_direction) END,
       CASE WHEN NOT s.done THEN ''
            WHEN r.ro < 0.50 THEN 'accepted' WHEN r.ro < 0.65 THEN 'partly_accepted'
            WHEN r.ro < 0.90 THEN 'rejected' ELSE 'no_action' END,
       CASE WHEN s.done THEN 'Dossier examiné' ELSE '' END,
       CASE WHEN s.done AND r.ro >= 0.65 AND r.ro < 0.90 THEN 'Article 12' ELSE '' END,
       t.first_responded_at, t.resolved_at,
       CASE WHEN s.state = 'closed' THEN least(t.resolved_at + interval '7 days', now())
            WHEN s.state = 'cancelled' THEN r.created + interval '2 days' END,
       r.created,
       coalesce(CASE WHEN s.state = 'closed' THEN least(t.resolved_at + interval '7 days',
                                                       now()) END,
                t.resolved_at, t.first_responded_at, r.created + interval '1 hour'), 0,
       CASE WHEN s.done THEN t.resolved_at > r.created + interval '15 days'
            ELSE s.open AND s.state <> 'waiting' AND now() > r.created + interval '15 days'
       END,
       interval '0',
       CASE WHEN s.state = 'cancelled' OR s.state = 'waiting' THEN 0
            WHEN t.took > interval '25 days' THEN 3 WHEN t.took > interval '15 days' THEN 2
            WHEN t.took > interval '12 days' THEN 1 ELSE 0 END,
       0,
       CASE WHEN s.open AND s.state <> 'waiting' THEN r.created END,
       r.created + interval '15 days',
       CASE WHEN s.open AND s.state <> 'waiting' AND t.took <= interval '25 days'
            THEN r.created + CASE WHEN t.took <= interval '12 days' THEN interval '12 days'
                                  WHEN t.took <= interval '15 days' THEN interval '15 days'
                                  ELSE interval '25 days' END END,
       r.created + interval '2 days'
FROM (
    SELECT g, floor(random() * %(customers)s)::int AS ck,
           floor(random() * %(categories)s)::int AS catk, floor(random() * 1000)::int AS aj,
           random() AS rs, random() AS rc, random() AS rp, random() AS ro, random() AS rf,
           random() AS rd,
           now() - random() * %(span)s * interval '1 day' AS created
    FROM generate_series(1, %(size)s::int) AS g
) AS r
JOIN bench_customer c ON c.k = r.ck
JOIN bench_category cat ON cat.k = r.catk
JOIN bench_queue q ON q.k = coalesce(cat.hq_queue_k, c.agency_k)
JOIN bench_queue home ON home.k = c.agency_k
JOIN bench_agent a ON a.queue_k = q.k AND a.j = r.aj %% q.agents
CROSS JOIN LATERAL (SELECT CASE
    WHEN r.created > now() - %(recent)s * interval '1 day' THEN CASE
        WHEN r.rs < 0.06 THEN 'new' WHEN r.rs < 0.12 THEN 'triaged'
        WHEN r.rs < 0.25 THEN 'assigned' WHEN r.rs < 0.45 THEN 'in_progress'
        WHEN r.rs < 0.52 THEN 'waiting' WHEN r.rs < 0.58 THEN 'referred'
        WHEN r.rs < 0.80 THEN 'resolved' WHEN r.rs < 0.98 THEN 'closed' ELSE 'cancelled' END
    ELSE CASE WHEN r.rs < 0.004 THEN 'in_progress' WHEN r.rs < 0.007 THEN 'waiting'
              WHEN r.rs < 0.010 THEN 'referred' WHEN r.rs < 0.030 THEN 'cancelled'
              WHEN r.rs < 0.050 THEN 'resolved' ELSE 'closed' END
END AS state) AS s0
CROSS JOIN LATERAL (SELECT s0.state,
    s0.state IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting', 'referred') AS open,
    s0.state IN ('resolved', 'closed') AS done) AS s
CROSS JOIN LATERAL (SELECT
    -- (resolved 0.2 to 90 days after opening, before now)
    least(r.created + (0.2 + 90 * r.rd ^ 3) * interval '1 day',
          r.created + (now() - r.created) * 0.9) AS resolved_at_any,
    least(r.created + (0.5 + 48 * r.rf ^ 2) * interval '1 hour',
          r.created + (now() - r.created) * 0.5) AS responded_any) AS d
CROSS JOIN LATERAL (SELECT
    CASE WHEN s.done THEN d.resolved_at_any END AS resolved_at,
    CASE WHEN s.state NOT IN ('new', 'triaged', 'assigned', 'cancelled')
         THEN d.responded_any END AS first_responded_at,
    CASE WHEN s.done THEN d.resolved_at_any ELSE now() END - r.created AS took) AS t
"""

# The steps of each complaint, in time order: (kind, at, action, from, to, visibility).
_EVENTS = """
INSERT INTO tickets_ticketevent (ticket_id, kind, at, actor_label, action, from_state,
    to_state, note, visibility)
SELECT t.id, e.kind, e.at, 'bench', e.action, e.from_state, e.to_state, '', e.visibility
FROM tickets_ticket t
CROSS JOIN LATERAL (SELECT (t.id * 7919) %% 100 < 6 AND t.resolved_at IS NOT NULL AS reopened,
    t.created_at + (coalesce(t.first_responded_at, now()) - t.created_at) / 2 AS midway,
    coalesce(t.first_responded_at, t.created_at)
        + (coalesce(t.resolved_at, now()) - coalesce(t.first_responded_at, t.created_at)) / 3
        AS third) AS x
CROSS JOIN LATERAL (VALUES
    ('opened', t.created_at, '', '', '', 'customer'),
    ('transition', CASE WHEN t.state <> 'new' THEN t.created_at + interval '5 minutes' END,
     'triage', 'new', 'triaged', 'internal'),
    ('transition', t.assigned_at, 'assign', 'triaged', 'assigned', 'internal'),
    ('transition', t.first_responded_at, 'start', 'assigned', 'in_progress', 'customer'),
    ('reply', CASE WHEN t.id %% 2 = 0 AND t.first_responded_at IS NOT NULL THEN x.third END,
     '', '', '', 'customer'),
    ('transition', CASE WHEN t.state = 'waiting' THEN x.third END, 'ask', 'in_progress',
     'waiting', 'customer'),
    ('transition', CASE WHEN t.state = 'referred' THEN x.third END, 'refer', 'in_progress',
     'referred', 'internal'),
    ('escalation', CASE WHEN t.sla_level >= 1 THEN t.created_at + interval '12 days' END,
     'level_1', '', '', 'internal'),
    ('transition', CASE WHEN x.reopened THEN x.third END, 'resolve', 'in_progress',
     'resolved', 'customer'),
    ('transition', CASE WHEN x.reopened THEN x.third + (t.resolved_at - x.third) / 2 END,
     'reopen', 'resolved', 'in_progress', 'customer'),
    ('transition', t.resolved_at, 'resolve', 'in_progress', 'resolved', 'customer'),
    ('transition', CASE WHEN t.state = 'closed' THEN t.closed_at END, 'close', 'resolved',
     'closed', 'customer'),
    ('transition', CASE WHEN t.state = 'cancelled' THEN t.closed_at END, 'cancel', 'assigned',
     'cancelled', 'customer')
) AS e(kind, at, action, from_state, to_state, visibility)
WHERE e.at IS NOT NULL AND e.at <= now()
ORDER BY e.at
"""

_SMS = """
INSERT INTO tickets_outboxmessage (kind, ticket_id, event, "to", language, body,
    redacted_body, payload, status, attempts, next_attempt_at, last_error, carrier_id,
    created_at, sent_at, is_answer, delivery_status, delivery_error_code, delivery_updated_at)
SELECT 'sms', t.id, m.event, '+2126' || lpad((t.customer_id %% 100000000)::text, 8, '0'),
       'fr', 'Votre réclamation ' || t.reference, '', '{}', 'sent', 1, m.at, '',
       'bench-' || t.id || '-' || m.event, m.at, m.at, false,
       CASE WHEN random() < 0.9 THEN 'delivered' ELSE 'undelivered' END, NULL,
       m.at + interval '20 seconds'
FROM tickets_ticket t
CROSS JOIN LATERAL (VALUES
    ('received', t.created_at),
    ('progress', CASE WHEN t.id %% 5 < 2 THEN t.first_responded_at END),
    ('resolved', t.resolved_at)
) AS m(event, at)
WHERE m.at IS NOT NULL
ORDER BY m.at
"""

_SURVEY = """
INSERT INTO tickets_surveyanswer (score, channel, ticket_id, customer_id, comment, answered_at)
SELECT CASE WHEN r < 0.12 THEN 1 WHEN r < 0.25 THEN 2 WHEN r < 0.45 THEN 3
            WHEN r < 0.75 THEN 4 ELSE 5 END,
       'sms', id, customer_id, CASE WHEN r < 0.1 THEN 'Trop long' ELSE '' END,
       least(closed_at + interval '1 day', now())
FROM (SELECT id, customer_id, closed_at, random() AS r FROM tickets_ticket
      WHERE state = 'closed' AND random() < 0.2) AS closed
ORDER BY closed_at
"""
