from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
]
