from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from .models import APIClient, CalendarFeed, Webhook, WebhookDelivery

# The library's own key model is unused: clients are APIClient, with their scope.
admin.site.unregister(APIKey)


@admin.register(APIClient)
class APIClientAdmin(APIKeyModelAdmin):
    list_display = [
        "name",
        "prefix",
        "read_all",
        "rate_limit_per_minute",
        "last_used_at",
        "created",
        "expiry_date",
        "revoked",
    ]
    list_filter = ["revoked", "read_all"]
    filter_horizontal = ["bodies"]
    fields = [
        "name",
        "bodies",
        "read_all",
        "rate_limit_per_minute",
        "expiry_date",
        "revoked",
        "prefix",
        "last_used_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "last_used_at")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        key = APIClient.objects.assign_key(obj)
        obj.save()
        messages.warning(
            request,
            _(
                "The key of %(name)s is: %(key)s — copy it now into the other system: it is "
                "stored only as a hash and will never be shown again."
            )
            % {"name": obj.name, "key": key},
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Deleting a feed revokes its address; the person gets a new one from the home page."""

    list_display = ["user", "created_at", "last_fetched_at"]
    readonly_fields = ["user", "token", "created_at", "last_fetched_at"]
    search_fields = ["user__username", "user__last_name"]

    def has_add_permission(self, request):
        return False


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty to receive every event."),
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "is_active"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["name", "url", "is_active", "created_at"]
    readonly_fields = ["secret", "created_at"]
    fields = ["name", "url", "events", "is_active", "secret", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "webhook",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "event", "webhook"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
