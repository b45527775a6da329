from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path(
        "summaries/<int:summary_pk>/signed/",
        views.signed_copy_upload,
        name="signed_copy_upload",
    ),
    path("<int:pk>/download/", views.signed_copy_download, name="signed_copy_download"),
]
