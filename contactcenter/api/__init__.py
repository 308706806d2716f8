"""REST API for partners and integrations: the desk's selectors and services over HTTP."""
