using System.Globalization;
using System.Net;
using Cms.Api.Features.Media;
using Cms.Api.Tests.Infrastructure;

namespace Cms.Api.Tests.Features.Media;

/// <summary>Finding media in the library by type, uploader, upload time and text, page by page. The host runs on a clock
/// the tests move, so uploads can be hours apart without waiting.</summary>
public sealed class MediaLibraryFilterTests : MediaFixture
{
    protected override bool MovesClock => true;


    [TestCase("jpeg", "image/jpeg")]
    [TestCase("png", "image/png")]
    [TestCase("gif", "image/gif")]
    [TestCase("webp", "image/webp")]
    [TestCase("avif", "image/avif")]
    public async Task The_library_filtered_by_type_lists_only_media_of_that_type(string type, string contentType)
    {
        var uploaded = new Dictionary<string, long>();
        foreach (var format in TestPhotos.Formats)
        {
            uploaded[format] = (long)(await UploadedAsync(TestPhotos.Unique(format), "image." + format))["id"]!;
        }

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?type={type}", 100);

        Assert.That(listed.Select(m => (string?)m["contentType"]), Is.All.EqualTo(contentType));
        Assert.That(listed.Select(m => (long)m["id"]!), Does.Contain(uploaded[type]));
        Assert.That(listed.Select(m => (long)m["id"]!), Is.Not.SupersetOf(uploaded.Values));
    }

    [Test]
    public async Task The_library_filtered_by_uploader_lists_only_what_that_key_uploaded()
    {
        var (mineId, mine) = await KeyAsync("contributor");
        var (_, other) = await KeyAsync("contributor");
        var myUploads = new List<long>();
        for (var i = 0; i < 3; i++) { myUploads.Add((long)(await UploadedAsync(client: mine))["id"]!); }
        await UploadedAsync(client: other);
        await UploadedAsync();

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?uploader={mineId}", 100);

        Assert.That(listed.Select(m => (long)m["id"]!), Is.EqualTo(Enumerable.Reverse(myUploads)));
        Assert.That(listed.Select(m => (long?)m["uploadedByKeyId"]), Is.All.EqualTo(mineId));
    }

    [Test]
    public async Task The_library_filtered_by_upload_time_lists_only_what_was_uploaded_in_that_window()
    {
        var start = Clock.GetUtcNow();
        var before = await UploadedAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var during = await UploadedAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var after = await UploadedAsync();

        var listed = await Admin.AllPagesAsync(
            $"{ApiRoutes.For(ListMediaRequest.Route)}?uploadedFrom={Rfc3339(start.AddMinutes(30))}&uploadedTo={Rfc3339(start.AddMinutes(90))}", 100);

        Assert.That(listed.Select(m => (long)m["id"]!), Does.Contain((long)during["id"]!));
        Assert.That(listed.Select(m => (long)m["id"]!), Does.Not.Contain((long)before["id"]!).And.Not.Contain((long)after["id"]!));
        Assert.That(listed.Select(m => (DateTime)m["createdAt"]!),
            Is.All.InRange(start.AddMinutes(30).UtcDateTime, start.AddMinutes(90).UtcDateTime));
    }

    [Test]
    public async Task Upload_times_in_Beijing_time_select_the_same_window_as_in_UTC()
    {
        var start = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromHours(5));
        await UploadedAsync();
        var beijing = TimeSpan.FromHours(8);

        var utc = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?uploadedFrom={Rfc3339(start.AddHours(4))}", 100);
        var local = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?uploadedFrom={Rfc3339(start.AddHours(4).ToOffset(beijing))}", 100);

        Assert.That(utc, Is.Not.Empty);
        Assert.That(local.Select(m => (long)m["id"]!), Is.EqualTo(utc.Select(m => (long)m["id"]!)));
    }

    [Test]
    public async Task An_upload_is_found_by_a_window_that_starts_and_ends_at_its_own_upload_time()
    {
        Clock.Advance(TimeSpan.FromDays(1));
        var medium = await UploadedAsync();
        var at = Rfc3339(new DateTimeOffset((DateTime)medium["createdAt"]!, TimeSpan.Zero));

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?uploadedFrom={at}&uploadedTo={at}", 100);

        Assert.That(listed.Select(m => (long)m["id"]!), Is.EqualTo(new[] { (long)medium["id"]! }));
    }

    [Test]
    public async Task Text_is_found_in_the_alt_text_the_caption_and_the_file_name()
    {
        var word = Word();
        var inAlt = await UploadedAsync(alt: $"长岭县{word}团干部");
        var inCaption = await UploadedAsync(caption: $"{word}培训班合影");
        var inName = await UploadedAsync(fileName: $"mmexport_{word}.jpg");
        await UploadedAsync(alt: "团干部", caption: "培训班合影", credit: word);

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?q={Uri.EscapeDataString(word)}", 100);

        Assert.That(listed.Select(m => (long)m["id"]!), Is.EqualTo(new[] { (long)inName["id"]!, (long)inCaption["id"]!, (long)inAlt["id"]! }));
    }

    [TestCase("满意度100%", "满意度1000", TestName = "A_percent_sign_in_the_search_text_matches_only_a_percent_sign")]
    [TestCase("a_b", "axb", TestName = "An_underscore_in_the_search_text_matches_only_an_underscore")]
    [TestCase("a\\b", "ab", TestName = "A_backslash_in_the_search_text_matches_only_a_backslash")]
    public async Task Wildcard_characters_in_the_search_text_are_taken_literally(string text, string lookalike)
    {
        var word = Word();
        var exact = await UploadedAsync(caption: $"{word} {text}");
        var other = await UploadedAsync(caption: $"{word} {lookalike}");

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?q={Uri.EscapeDataString(word + " " + text)}", 100);

        Assert.That(listed.Select(m => (long)m["id"]!), Is.EqualTo(new[] { (long)exact["id"]! }), $"not {other["id"]} ({lookalike})");
    }

    [Test]
    public async Task Filters_combine_and_their_pages_follow_each_other_without_gaps()
    {
        var (keyId, key) = await KeyAsync("contributor");
        var word = Word();
        var wanted = new List<long>();
        for (var i = 0; i < 5; i++) { wanted.Add((long)(await UploadedAsync(TestPhotos.Unique("png"), "p.png", "image/png", caption: word, client: key))["id"]!); }
        await UploadedAsync(TestPhotos.Unique("jpeg"), caption: word, client: key);
        await UploadedAsync(TestPhotos.Unique("png"), "p.png", "image/png", caption: "别的说明", client: key);
        await UploadedAsync(TestPhotos.Unique("png"), "p.png", "image/png", caption: word);

        var listed = await Admin.AllPagesAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?type=png&uploader={keyId}&q={Uri.EscapeDataString(word)}", 2);

        Assert.That(listed.Select(m => (long)m["id"]!), Is.EqualTo(Enumerable.Reverse(wanted)));
    }

    [Test]
    public async Task A_cursor_from_one_filter_is_refused_for_another()
    {
        var word = Word();
        for (var i = 0; i < 3; i++) { await UploadedAsync(TestPhotos.Unique("png"), "p.png", "image/png", caption: word); }
        var page = await (await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?type=png&limit=1")).ExpectJsonAsync(HttpStatusCode.OK);

        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?type=jpeg&limit=1&cursor={page["nextCursor"]}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("cursor"), Is.Not.Empty);
    }

    [TestCase("type=svg", "type", TestName = "A_type_outside_the_allow_list_is_refused_naming_type")]
    [TestCase("type=image/png", "type", TestName = "A_content_type_instead_of_a_type_name_is_refused_naming_type")]
    [TestCase("uploader=0", "uploader", TestName = "An_uploader_id_of_0_is_refused_naming_uploader")]
    [TestCase("uploader=abc", "uploader", TestName = "An_uploader_that_is_not_a_number_is_refused_naming_uploader")]
    [TestCase("uploadedFrom=yesterday", "uploadedFrom", TestName = "An_upload_time_that_is_not_RFC_3339_is_refused_naming_uploadedFrom")]
    [TestCase("uploadedTo=2024-01-02", "uploadedTo", TestName = "A_date_without_a_time_is_refused_naming_uploadedTo")]
    public async Task Filters_that_are_not_valid_are_refused_naming_the_filter(string query, string field)
    {
        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?{query}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
    }

    [Test]
    public async Task Search_text_over_100_characters_is_refused_naming_q()
    {
        var res = await Admin.GetAsync($"{ApiRoutes.For(ListMediaRequest.Route)}?q={Uri.EscapeDataString(new string('图', 101))}");

        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("q"), Is.Not.Empty);
    }

    static string Rfc3339(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal));

    /// <summary>A search word no other test uses.</summary>
    static string Word() => "松原" + Guid.NewGuid().ToString("N")[..8];
}
