from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .forms import SearchForm
from .selectors import search


@login_required
def search_page(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = search(
            user=request.user, query=form.cleaned_data["q"], page=request.GET.get("page")
        )
    return render(request, "search/results.html", {"form": form, "results": results})
