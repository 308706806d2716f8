from tests.sla.conftest import (  # noqa: F401 (the service levels the board counts with)
    _fake_sms,
    _national_policy,
    back_office,
    category,
    front_queue,
    handler,
    mobile_customer,
)
