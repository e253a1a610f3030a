"""Contact events: the contact log, demand signals and restriction breaches."""
