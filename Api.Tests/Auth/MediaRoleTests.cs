using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;
using static Cms.Api.Tests.Auth.MediaAction;

namespace Cms.Api.Tests.Auth;

public enum MediaAction { Replace, Patch, Delete }

/// <summary>Any role uploads; a medium is changed or deleted by editors and admins, or with the key that uploaded it.</summary>
public sealed class MediaRoleTests : ApiFixture
{
    const string NewCaption = "共青团长岭县委召开团干部培训会";

    public static IEnumerable<TestCaseData> UploadCases() =>
        AccessApi.Roles.Select(role => new TestCaseData(role).SetName($"{A(role)}_may_upload_a_medium"));

    public static IEnumerable<TestCaseData> AllowedCases() => Cases(allowed: true);

    public static IEnumerable<TestCaseData> RefusedCases() => Cases(allowed: false);

    public static IEnumerable<TestCaseData> AnonymousCases() =>
        Enum.GetValues<MediaAction>().Select(action => new TestCaseData(action).SetName($"Without_a_key_no_one_may_{Verb(action)}_a_medium"));

    static IEnumerable<TestCaseData> Cases(bool allowed) =>
        from action in Enum.GetValues<MediaAction>()
        from uploadedByThisKey in new[] { true, false }
        from role in AccessApi.Roles
        where (role is "editor" or "admin" || uploadedByThisKey) == allowed
        select new TestCaseData(role, action, uploadedByThisKey).SetName(
            $"{A(role)}_{(allowed ? "may" : "may_not")}_{Verb(action)}_a_medium_{(uploadedByThisKey ? "it_uploaded" : "another_key_uploaded")}");

    [TestCaseSource(nameof(UploadCases))]
    public async Task Every_role_may_upload(string role)
    {
        var key = await Admin.KeyAsync(role);
        using var client = ClientWithKey(key.Secret);

        var res = await Given.UploadAsync(TestImages.Jpeg(), "mmexport1704177120277.jpg", client: client);

        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        await (await Anonymous.GetAsync(ApiRoutes.For(GetMediaRequest.Route, medium["id"]!))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Without_a_key_no_one_may_upload_a_medium()
    {
        var before = await AllMediaIdsAsync();

        var res = await Given.UploadAsync(TestImages.Jpeg(), "mmexport1704177120277.jpg", client: Anonymous);

        await res.ExpectUnauthorizedAsync();
        Assert.That(await AllMediaIdsAsync(), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(AllowedCases))]
    public async Task A_key_changes_the_media_its_role_or_upload_allows(string role, MediaAction action, bool uploadedByThisKey)
    {
        var (client, url) = await ArrangeAsync(role, uploadedByThisKey);

        var res = await ActAsync(client, action, url);

        if (action == Delete)
        {
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await res.Content.ReadAsStringAsync());
            await (await Admin.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
            return;
        }
        await res.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await (await Admin.GetAsync(url)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.That((string?)read["caption"], Is.EqualTo(NewCaption));
    }

    [TestCaseSource(nameof(RefusedCases))]
    public async Task A_key_is_refused_media_its_role_or_upload_does_not_allow_and_nothing_changes(string role, MediaAction action,
        bool uploadedByThisKey)
    {
        var (client, url) = await ArrangeAsync(role, uploadedByThisKey);
        var before = await Admin.SnapshotAsync(url);

        var res = await ActAsync(client, action, url);

        await res.ExpectForbiddenAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(AnonymousCases))]
    public async Task A_request_without_a_key_is_401_and_the_medium_stays_as_it_was(MediaAction action)
    {
        var medium = await Given.MediaAsync();
        var url = ApiRoutes.For(GetMediaRequest.Route, medium["id"]!);
        var before = await Admin.SnapshotAsync(url);

        var res = await ActAsync(Anonymous, action, url);

        await res.ExpectUnauthorizedAsync();
        Assert.That(await Admin.SnapshotAsync(url), Is.EqualTo(before));
    }

    async Task<(HttpClient Client, string Url)> ArrangeAsync(string role, bool uploadedByThisKey)
    {
        var key = await Admin.KeyAsync(role);
        var client = ClientWithKey(key.Secret);
        var res = await Given.UploadAsync(TestImages.Jpeg(), "mmexport1704177120277.jpg", caption: "原说明", client: uploadedByThisKey ? client : Admin);
        var medium = await res.ExpectJsonAsync(HttpStatusCode.Created);
        return (client, ApiRoutes.For(GetMediaRequest.Route, medium["id"]!));
    }

    static Task<HttpResponseMessage> ActAsync(HttpClient client, MediaAction action, string url) => action switch
    {
        Replace => client.PutJsonAsync(url, new { alt = "团干部培训会现场", caption = NewCaption, credit = "共青团长岭县委" }),
        Patch => client.MergePatchAsync(url, new { caption = NewCaption }),
        _ => client.DeleteAsync(url),
    };

    async Task<List<long>> AllMediaIdsAsync() =>
        (await Admin.AllPagesAsync(ApiRoutes.For(ListMediaRequest.Route), limit: 100)).Select(m => (long)m["id"]!).ToList();

    static string A(string role) => role == "contributor" ? "A_contributor" : $"An_{role}";

    static string Verb(MediaAction action) => action switch
    {
        Replace => "replace",
        Patch => "patch",
        _ => "delete",
    };
}
