from kooperacja.notifications import selectors


def preferences(request):
    """Whether the user asked for the daily summary, read only by a page that shows the choice (a callable: the
    template calls it, other pages pay nothing)."""
    user = getattr(request, "user", None)

    def digest_wanted() -> bool:
        return bool(user is not None and user.is_authenticated and selectors.digest_wanted(user=user))

    return {"digest_wanted": digest_wanted}
