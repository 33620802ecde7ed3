"""Second-factor events, for the sign-in journal.

The journal lives in the audit app, a layer above accounts: audit listens to these signals (as it
listens to Django's ``user_logged_in``), so accounts never imports it. Receivers get ``user`` only:
no code, no address, nothing typed.
"""

from django.dispatch import Signal

second_factor_passed = Signal()
second_factor_failed = Signal()
second_factor_enrolled = Signal()
second_factor_reset = Signal()
recovery_codes_renewed = Signal()
