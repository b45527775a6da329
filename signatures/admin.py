from django.contrib import admin

from .models import SignedCopy


@admin.register(SignedCopy)
class SignedCopyAdmin(admin.ModelAdmin):
    """Read only: a signed copy is filed through the summary's page, where it is checked."""

    list_display = ["summary", "kind", "original_name", "signer_name", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "trust"]
    search_fields = ["original_name", "signer_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
