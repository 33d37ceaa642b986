"""Update handlers, one module per area: parse the update, call a service, render."""
