"""Cross-cutting core: settings, runtime, errors, logging, embedded servers, doctor."""
