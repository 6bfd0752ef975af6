from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from people.labels import names_changed, person_label
        from people.models import Person

        # People are named by full name everywhere a user is printed (people/labels.py).
        user_model = get_user_model()
        user_model.__str__ = person_label
        for model in (user_model, Person):
            uid = f"people-names-{model.__name__}"
            post_save.connect(names_changed, sender=model, dispatch_uid=f"{uid}-saved")
            post_delete.connect(names_changed, sender=model, dispatch_uid=f"{uid}-deleted")
