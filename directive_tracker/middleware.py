import unicodedata


class ComposedUnicodeMiddleware:
    """Stores what people type in composed form (NFC).

    Vietnamese typed on some systems (macOS, some phone keyboards) arrives decomposed: "ệ" as
    "e" and two combining marks. It looks the same but compares, searches and prints
    differently, so every form value is composed here, once, before any view or the admin sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            composed = request.POST.copy()
            for key, values in request.POST.lists():
                composed.setlist(key, [unicodedata.normalize("NFC", value) for value in values])
            composed._mutable = False
            request.POST = composed
            for upload in request.FILES.values():
                upload.name = unicodedata.normalize("NFC", upload.name)
        return self.get_response(request)
