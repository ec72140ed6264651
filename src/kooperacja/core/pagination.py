from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

DEFAULT_PAGE_SIZE = 25


def paginate(request, queryset, *, per_page: int = DEFAULT_PAGE_SIZE) -> Page:
    """The requested page of ``queryset``; a bad or too-high page number gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
