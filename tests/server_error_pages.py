"""Error pages servers print with status 200, as each stack writes them (for the tests of
``crawler.blocked.server_error_at_end``, the crawl and ``crawler extract``)."""

from __future__ import annotations

WORDPRESS_DB = b"""<!DOCTYPE html>
<html lang="en-US">
<head>
	<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
	<meta name="viewport" content="width=device-width">
	<title>Database Error</title>
	<style type="text/css">html { background: #f1f1f1; } body { background: #fff; }</style>
</head>
<body id="error-page">
	<div class="wp-die-message"><h1>Error establishing a database connection</h1></div></body>
</html>
"""
ASPNET_YSOD = b"""<!DOCTYPE html>
<html>
    <head>
        <title>Object reference not set to an instance of an object.</title>
        <meta name="viewport" content="width=device-width" />
        <style>
         body {font-family:"Verdana";font-weight:normal;font-size: .7em;color:black;}
        </style>
    </head>

    <body bgcolor="white">

            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>

            <h2> <i>Object reference not set to an instance of an object.</i> </h2></span>

            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">

            <b> Description: </b>An unhandled exception occurred during the execution of the current web request. Please review the stack trace for more information about the error and where it originated in the code.

            <br><br>

            <b> Exception Details: </b>System.NullReferenceException: Object reference not set to an instance of an object.<br><br>

            <b>Source Error:</b> <br><br>

            <table width=100% bgcolor="#ffffcc">
               <tr>
                  <td>
                      <code><pre>Line 42:         var item = repo.Get(id);
Line 43:         ViewBag.Title = item.Title;</pre></code>
                  </td>
               </tr>
            </table>

            <br>

            <b> Source File: </b> c:\\inetpub\\wwwroot\\News\\Controllers\\ArticleController.cs<b> &nbsp;&nbsp; Line: </b> 43
            <br><br>

            <b>Stack Trace:</b> <br><br>

            <table width=100% bgcolor="#ffffcc">
               <tr>
                  <td>
                      <code><pre>
[NullReferenceException: Object reference not set to an instance of an object.]
   News.Controllers.ArticleController.Details(Int32 id) in c:\\inetpub\\wwwroot\\News\\Controllers\\ArticleController.cs:43
</pre></code>
                  </td>
               </tr>
            </table>

            <br>

            <hr width=100% size=1 color=silver>

            <b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4465.0

            </font>

    </body>
</html>
<!-- 
[NullReferenceException]: Object reference not set to an instance of an object.
   at News.Controllers.ArticleController.Details(Int32 id)
-->
"""
MYSQLI_TOO_MANY = (b"<br />\n<b>Warning</b>:  mysqli_connect(): (HY000/1040): Too many connections in "
          b"<b>/var/www/html/includes/db.php</b> on line <b>7</b><br />\nFailed to connect to MySQL: Too many connections")
DATABASE_ERROR = b"<html><head><title>Database Error</title></head><body><h1>Database Error: Unable to connect to the database</h1><p>Please try again later.</p></body></html>"
TOMCAT = """<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {color:white;}</style></head><body><h1>HTTP Status 500 – Internal Server Error</h1><hr class="line" /><p><b>Type</b> Exception Report</p><p><b>Message</b> Request processing failed; nested exception is java.lang.NullPointerException</p><p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p><p><b>Exception</b></p><pre>org.springframework.web.util.NestedServletException: Request processing failed; nested exception is java.lang.NullPointerException
	org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
	javax.servlet.http.HttpServlet.service(HttpServlet.java:626)
</pre><p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p><hr class="line" /><h3>Apache Tomcat/9.0.41</h3></body></html>""".encode()
JAVA_TRACE = b"""
java.lang.NullPointerException: Cannot invoke "String.length()" because "title" is null
	at com.example.news.ArticleServlet.render(ArticleServlet.java:88)
	at com.example.news.ArticleServlet.doGet(ArticleServlet.java:41)
	at javax.servlet.http.HttpServlet.service(HttpServlet.java:655)
Caused by: java.sql.SQLException: too many connections
	at com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:836)
	... 24 more
"""
LARAVEL_WHOOPS = b"""<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8">
        <title>Whoops, looks like something went wrong.</title>
        <style>body { margin: 0; }</style>
    </head>
    <body>
        <div class="container">
            <div class="content">
                <div class="title">Whoops, looks like something went wrong.</div>
            </div>
        </div>
    </body>
</html>"""
LARAVEL_500 = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Server Error</title><style>html{line-height:1.15}</style></head><body class="antialiased"><div class="relative flex"><div class="max-w-xl mx-auto sm:px-6 lg:px-8"><div class="flex items-center pt-8 sm:justify-start sm:pt-0"><div class="px-4 text-lg text-gray-500 border-r border-gray-400 tracking-wider">500</div><div class="ml-4 text-lg text-gray-500 uppercase tracking-wider">Server Error</div></div></div></div></body></html>"""
DJANGO = b"""<!doctype html>
<html lang="en">
<head>
  <title>Server Error (500)</title>
</head>
<body>
  <h1>Server Error (500)</h1><p></p>
</body>
</html>
"""

# Each a whole page on its own.
WHOLE_PAGES = {"wordpress": WORDPRESS_DB, "aspnet": ASPNET_YSOD, "mysqli": MYSQLI_TOO_MANY,
               "database_error": DATABASE_ERROR, "tomcat": TOMCAT, "laravel": LARAVEL_WHOOPS,
               "laravel_500": LARAVEL_500, "django": DJANGO}
# Printed after what the page had already sent, when the server failed while writing it.
AT_THE_END = {"aspnet": ASPNET_YSOD, "mysqli": MYSQLI_TOO_MANY, "java": JAVA_TRACE}
