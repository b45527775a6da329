from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .loading import tasks_sync
from .models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    DocumentReference,
    Duty,
    Indicator,
    Membership,
    Task,
    User,
)
from .services.invitations import user_invite

admin.site.site_header = _("Directive tracker administration")
admin.site.site_title = _("Directive tracker administration")
admin.site.index_title = _("Administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["body"]


class UserInviteForm(forms.ModelForm):
    """A new account without a password: the person chooses it from the e-mailed link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The person receives a link at this address to choose their password."
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "email", "is_active"]
    list_filter = ["role", "is_active", "bodies"]
    search_fields = ["username", "first_name", "last_name", "email", "bodies__name"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Role"), {"fields": ["role"]}),)
    add_form = UserInviteForm
    add_fieldsets = ((None, {"fields": ["username", "first_name", "last_name", "email", "role"]}),)
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            user_invite(user=obj)
            messages.info(
                request,
                _("%(email)s will receive a link to choose the password.") % {"email": obj.email},
            )


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "parent", "email", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "name_en", "code", "email"]
    autocomplete_fields = ["parent"]


class DocumentReferenceInline(admin.TabularInline):
    model = DocumentReference
    extra = 0


class AssignmentInline(admin.StackedInline):
    model = Assignment
    extra = 0
    show_change_link = True


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "date", "issuer", "summary"]
    list_filter = ["issuer", "date"]
    search_fields = ["number", "symbol", "summary", "issuer"]
    date_hierarchy = "date"
    inlines = [DocumentReferenceInline, AssignmentInline]
    actions = ["sync_tasks"]

    @admin.action(description=_("Create missing tasks (after adding members or duties)"))
    def sync_tasks(self, request, queryset):
        created = sum(tasks_sync(directive=directive) for directive in queryset)
        self.message_user(
            request,
            ngettext("%(count)d task created.", "%(count)d tasks created.", created)
            % {"count": created},
            messages.SUCCESS,
        )


class RecipientInline(admin.TabularInline):
    model = AssignmentRecipient
    extra = 0
    autocomplete_fields = ["body"]


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0
    show_change_link = True


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "directive"]
    list_filter = ["directive"]
    search_fields = ["text"]
    inlines = [RecipientInline, DutyInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 1


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ["label", "text", "assignment"]
    list_filter = ["assignment__directive", "assignment"]
    search_fields = ["text"]
    inlines = [IndicatorInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["duty", "body", "role"]
    list_filter = ["role", "duty__assignment__directive", "duty__assignment", "body__parent"]
    search_fields = ["body__name", "duty__text"]
    list_select_related = ["duty__assignment", "body"]
    autocomplete_fields = ["body"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "duty"]
    list_filter = ["duty__assignment__directive", "duty__assignment"]
    search_fields = ["name", "unit", "duty__text"]


@admin.register(DocumentReference)
class DocumentReferenceAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "date", "issuer", "directive"]
    list_filter = ["relation", "kind"]
    search_fields = ["number", "title", "issuer"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body"]
    list_filter = ["body"]
    search_fields = ["user__username", "user__last_name", "body__name"]
    autocomplete_fields = ["user", "body"]
