from django.db import models

from ipt_finder.directory.choices import TraitKind, USState


class VocabularyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Vocabulary(models.Model):
    """A list curators can extend. Fixtures refer to rows by slug."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")

    objects = VocabularyManager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Condition(Vocabulary):
    class Meta(Vocabulary.Meta):
        pass


class AgeGroup(Vocabulary):
    min_age = models.PositiveSmallIntegerField(default=0)

    class Meta(Vocabulary.Meta):
        ordering = ["min_age"]


class Adaptation(Vocabulary):
    description = models.CharField(max_length=300, blank=True)

    class Meta(Vocabulary.Meta):
        pass


class Community(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name_plural = "communities"


class Trait(Vocabulary):
    """Compatibility: communication style, personality and values."""

    kind = models.CharField(max_length=20, choices=TraitKind, db_index=True)

    class Meta(Vocabulary.Meta):
        ordering = ["kind", "position", "name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class Ethnicity(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name_plural = "ethnicities"


class PaymentMethod(Vocabulary):
    class Meta(Vocabulary.Meta):
        pass


class Insurer(Vocabulary):
    class Meta(Vocabulary.Meta):
        pass


class InsurancePlanManager(models.Manager):
    def get_by_natural_key(self, insurer_slug, slug):
        return self.get(insurer__slug=insurer_slug, slug=slug)


class InsurancePlan(models.Model):
    insurer = models.ForeignKey(Insurer, on_delete=models.CASCADE, related_name="plans")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)

    objects = InsurancePlanManager()

    class Meta:
        ordering = ["insurer__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["insurer", "slug"], name="unique_plan_per_insurer"),
        ]

    def __str__(self):
        return f"{self.insurer.name} {self.name}"

    def natural_key(self):
        return (self.insurer.slug, self.slug)

    natural_key.dependencies = ["directory.insurer"]


class Language(models.Model):
    """A language spoken in session, keyed by its ISO 639 code."""

    code = models.CharField(max_length=3, primary_key=True, help_text="ISO 639-1 code, or 639-3.")
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class State(models.Model):
    """A US state or territory; licences, and so telehealth, are per state."""

    code = models.CharField(max_length=2, primary_key=True, choices=USState)
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class IssuingBodyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class IssuingBody(models.Model):
    """A licensing board, certifying body or accredited institution."""

    class Kind(models.TextChoices):
        STATE_BOARD = "state_board", "State licensing board"
        CERTIFYING_BODY = "certifying_body", "Certifying body"
        INSTITUTION = "institution", "Accredited institution"
        TRAINING_PROVIDER = "training_provider", "Training provider"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind)
    jurisdiction = models.CharField(
        max_length=2, choices=USState, blank=True, help_text="Blank for national bodies."
    )
    accredited = models.BooleanField(
        default=True, help_text="Recognised by the relevant accrediting authority."
    )
    lookup_url = models.URLField(
        "public lookup page",
        blank=True,
        help_text="The issuer's public page for checking a licence or certificate it issued; "
        "curators follow it from each credential. Blank if it has none.",
    )

    objects = IssuingBodyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "issuing bodies"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
