"""askdesk's own Presidio recognisers, one per file (the way Presidio organises its own).

Each module holds one recogniser class; `askdesk.sanitise.registry` decides from the settings
which are built. They import Presidio, so import this package only where Presidio is wanted.
"""
