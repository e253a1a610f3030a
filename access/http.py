from django.http import HttpRequest

from access.models import User


class SignedInRequest(HttpRequest):
    """A request that passed the route middleware: `user` is a signed-in colleague.

    Views behind sign-in annotate with this, so the type checker knows what the middleware
    guarantees.
    """

    user: User  # type: ignore[assignment]
