from tests.tickets.conftest import (  # noqa: F401 (fixtures shared with the workflow tests)
    _fake_sms,
    back_office,
    category,
    front_queue,
    handler,
    mobile_customer,
)
