"""The signed copy of an issued summary: the board files it; the board and the committee download
it (signatures.access)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import get_signed_copy_for_user, get_summary_to_sign
from .forms import SignedCopyForm
from .models import SignedCopy
from .selectors import signed_copies_for
from .services import signed_copy_file


@login_required
def signed_copy_upload(request, summary_pk: int):
    summary = get_summary_to_sign(request.user, summary_pk)
    action = reverse("signatures:signed_copy_upload", args=[summary.pk])
    form = SignedCopyForm(request.POST or None, request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            copy = signed_copy_file(
                summary=summary, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if copy.kind == SignedCopy.Kind.SCAN:
                messages.success(request, _("The scan of the signed paper has been filed."))
            else:
                messages.success(
                    request,
                    _("The signed copy has been verified and filed (signer: %(signer)s).")
                    % {"signer": copy.signer_name},
                )
            return redirect(summary)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "signatures/signed_copy_upload.html",
        {"summary": summary, "form": form, "copies": signed_copies_for(summary=summary)},
        status=status,
    )


@login_required
def signed_copy_download(request, pk: int):
    copy = get_signed_copy_for_user(request.user, pk)
    try:
        handle = copy.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=copy.original_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
