using Cms.Api.Features.Articles;
using static Cms.Api.Features.Articles.ArticleAction;
using static Cms.Api.Features.Articles.ArticleLifecycleStatus;

namespace Cms.Api.Tests.Features.Articles;

public sealed class ArticleLifecycleTests
{
    [Test]
    public void A_draft_can_be_published() =>
        Assert.That(ArticleLifecycle.Next(Draft, Publish, null), Is.EqualTo(Published));

    [Test]
    public void A_published_article_can_be_published_again_at_another_time() =>
        Assert.That(ArticleLifecycle.Next(Published, Publish, null), Is.EqualTo(Published));

    [Test]
    public void An_archived_article_can_be_published_again() =>
        Assert.That(ArticleLifecycle.Next(Archived, Publish, null), Is.EqualTo(Published));

    [Test]
    public void A_published_article_can_be_unpublished_back_to_draft() =>
        Assert.That(ArticleLifecycle.Next(Published, Unpublish, null), Is.EqualTo(Draft));

    [TestCase(Draft)]
    [TestCase(Archived)]
    [TestCase(Trashed)]
    public void Only_a_published_article_can_be_unpublished(ArticleLifecycleStatus from) =>
        Assert.That(ArticleLifecycle.Next(from, Unpublish, null), Is.Null);

    [TestCase(Draft)]
    [TestCase(Published)]
    public void A_draft_or_published_article_can_be_archived(ArticleLifecycleStatus from) =>
        Assert.That(ArticleLifecycle.Next(from, Archive, null), Is.EqualTo(Archived));

    [Test]
    public void An_archived_article_cannot_be_archived_again() =>
        Assert.That(ArticleLifecycle.Allows(Archived, Archive), Is.False);

    [TestCase(Draft)]
    [TestCase(Published)]
    [TestCase(Archived)]
    public void Any_article_outside_the_trash_can_be_trashed(ArticleLifecycleStatus from) =>
        Assert.That(ArticleLifecycle.Next(from, Trash, null), Is.EqualTo(Trashed));

    [TestCase(Draft)]
    [TestCase(Published)]
    [TestCase(Archived)]
    public void A_restored_article_goes_back_to_the_status_it_had_before_the_trash(ArticleLifecycleStatus before) =>
        Assert.That(ArticleLifecycle.Next(Trashed, Restore, before), Is.EqualTo(before));

    [TestCase(Draft)]
    [TestCase(Published)]
    [TestCase(Archived)]
    public void Only_a_trashed_article_can_be_restored(ArticleLifecycleStatus from) =>
        Assert.That(ArticleLifecycle.Next(from, Restore, null), Is.Null);

    [TestCase(Publish)]
    [TestCase(Unpublish)]
    [TestCase(Archive)]
    [TestCase(Trash)]
    public void A_trashed_article_must_be_restored_before_anything_else(ArticleAction action) =>
        Assert.That(ArticleLifecycle.Allows(Trashed, action), Is.False);

    [Test]
    public void Every_action_has_the_name_revisions_record() =>
        Assert.That(Enum.GetValues<ArticleAction>().Select(ArticleLifecycle.Name),
            Is.EqualTo(new[] { "publish", "unpublish", "archive", "trash", "restore" }));

    [Test]
    public void Every_status_is_stored_as_the_word_clients_see_and_reads_back_as_itself() =>
        Assert.That(Enum.GetValues<ArticleLifecycleStatus>().Select(s => ArticleStatusText.Parse(ArticleStatusText.Of(s))),
            Is.EqualTo(Enum.GetValues<ArticleLifecycleStatus>()));
}
